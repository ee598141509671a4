import type { Audience, StaffRole } from '@jucard/shared';

export interface ConsumerPrincipal {
  kind: 'consumer';
  consumerId: string;
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  merchantId: string;
  role: StaffRole;
  storeIds: string[];
}

export interface OperatorPrincipal {
  kind: 'operator';
  operatorId: string;
}

export type Principal = ConsumerPrincipal | StaffPrincipal | OperatorPrincipal;


export function audienceOf(principal: Principal): Audience {
  return principal.kind;
}
