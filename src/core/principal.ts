import type { FirmKind, Role } from './roles.ts';

/** Who is asking: everything the access rules (SPEC §5) need to know about the caller. */
export type Principal = {
  userId: number;
  firmId: number;
  firmKind: FirmKind;
  role: Role;
  /** Partner firm flags (SPEC §1): eligible = in good standing and authorized. */
  isFirmEligible: boolean;
  isFirmDistributor: boolean;
};
