/**
 * The named views of the Opportunities list (SPEC §8), as the address writes them. The list opens on
 * "My open opportunities" for those who own deals: the deals they own that are still open (not in a
 * closing stage), the soonest decision first (the list's default order). `view=all` is the list
 * without filters (see useListView's `startView`).
 */
export const myOpenOpportunitiesView = 'mine=true&status=open';
export const allOpportunitiesView = 'view=all';
