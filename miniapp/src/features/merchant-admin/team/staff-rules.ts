import type { StaffMemberView, StaffRole } from '@jucard/shared'

/**
 * What the signed-in owner or manager may do to a staff member (the BFF enforces the same and has the last
 * word): the owner is never edited in role or active flag; managers are edited by the owner only; nobody
 * deactivates themselves.
 */
export function staffActions(me: { id: string; role: StaffRole }, member: StaffMemberView): { edit: boolean; toggleActive: boolean } {
  if (member.role === 'OWNER') return { edit: false, toggleActive: false }
  const mayTouch = member.role === 'CASHIER' || me.role === 'OWNER'
  return { edit: mayTouch, toggleActive: mayTouch && member.id !== me.id }
}

/** Roles the signed-in person may give: only the owner appoints managers. */
export function assignableRoles(myRole: StaffRole): Array<Exclude<StaffRole, 'OWNER'>> {
  return myRole === 'OWNER' ? ['CASHIER', 'MANAGER'] : ['CASHIER']
}

const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,63}$/

export interface NewStaffDraft {
  username: string
  password: string
  displayName: string
}

/** The account fields of a new staff member, checked as the BFF will; problems by field. */
export function newStaffProblems(draft: NewStaffDraft): Partial<Record<keyof NewStaffDraft, string>> {
  const problems: Partial<Record<keyof NewStaffDraft, string>> = {}
  if (!USERNAME.test(draft.username.trim())) problems.username = '3–64 位小写字母、数字或 _ . -，以字母或数字开头'
  if (draft.password.length < 8 || draft.password.length > 128) problems.password = '密码至少 8 位'
  if (!draft.displayName.trim()) problems.displayName = '请填写姓名'
  return problems
}
