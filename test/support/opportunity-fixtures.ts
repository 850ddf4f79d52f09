import type { TestContext, TestFirm, TestUser } from './test-app.ts';

/** A small world for opportunity tests: the vendor, two partners, a distributor, one user per role. */
export type OpportunityWorld = {
  vendor: TestFirm;
  partner: TestFirm;
  otherPartner: TestFirm;
  distributor: TestFirm;
  seller: TestUser;
  colleague: TestUser;
  manager: TestUser;
  otherSeller: TestUser;
  otherManager: TestUser;
  distributorSeller: TestUser;
  vendorRep: TestUser;
  reviewer: TestUser;
  admin: TestUser;
  clientId: number;
  contactId: number;
  secondContactId: number;
  productId: number;
};

export async function createOpportunityWorld(t: TestContext): Promise<OpportunityWorld> {
  const vendor = await t.firm({ kind: 'vendor' });
  const partner = await t.firm({ name: `Brightpath ${Math.random().toString(36).slice(2, 6)}` });
  const otherPartner = await t.firm();
  const distributor = await t.firm({ isDistributor: true });
  const seller = await t.user({ firm: partner, role: 'seller', name: 'Sam Seller' });
  const colleague = await t.user({ firm: partner, role: 'seller', name: 'Cleo Colleague' });
  const manager = await t.user({ firm: partner, role: 'manager', name: 'Mia Manager' });
  const otherSeller = await t.user({ firm: otherPartner, role: 'seller' });
  const otherManager = await t.user({ firm: otherPartner, role: 'manager' });
  const distributorSeller = await t.user({ firm: distributor, role: 'seller' });
  const vendorRep = await t.user({ firm: vendor, role: 'vendor-rep', name: 'Vera Rep' });
  const reviewer = await t.user({ firm: vendor, role: 'vendor-reviewer' });
  const admin = await t.user({ firm: vendor, role: 'admin' });
  const client = await vendorRep.post('/api/v1/clients', { name: 'Acme Manufacturing' });
  const contact = await seller.post('/api/v1/contacts', {
    clientId: client.data.id,
    firstName: 'Dana',
    lastName: 'Decider',
  });
  const second = await seller.post('/api/v1/contacts', {
    clientId: client.data.id,
    firstName: 'Ian',
    lastName: 'Influencer',
  });
  const product = await admin.post('/api/v1/products', {
    type: 'hardware',
    brand: 'Helio Compute',
    family: 'GTX servers',
    offering: 'GTX Pro',
    partNumber: `GTX-PRO-${Math.random().toString(36).slice(2, 8)}`,
    listPriceMinor: 482100,
    currency: 'USD',
  });
  if (product.statusCode !== 201) throw new Error(product.body);
  return {
    vendor,
    partner,
    otherPartner,
    distributor,
    seller,
    colleague,
    manager,
    otherSeller,
    otherManager,
    distributorSeller,
    vendorRep,
    reviewer,
    admin,
    clientId: client.data.id,
    contactId: contact.data.id,
    secondContactId: second.data.id,
    productId: product.data.id,
  };
}
