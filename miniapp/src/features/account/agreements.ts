import { PLATFORM_AGREEMENTS, PLATFORM_AGREEMENT_KINDS, type PlatformAgreementKind } from '@jucard/shared'

/** The two texts a consumer agrees to at sign-in (shared/src/legal: the same text the BFF serves and records). */
export interface Agreement {
  key: PlatformAgreementKind
  title: string
  version: string
  paragraphs: string[]
}

export const AGREEMENTS: Agreement[] = PLATFORM_AGREEMENT_KINDS.map((kind) => {
  const { title, version, paragraphs } = PLATFORM_AGREEMENTS[kind]
  return { key: kind, title, version, paragraphs }
})

/** What POST /me/agreements carries: the versions shown. */
export const AGREEMENT_VERSIONS = {
  userAgreementVersion: PLATFORM_AGREEMENTS.USER_AGREEMENT.version,
  privacyPolicyVersion: PLATFORM_AGREEMENTS.PRIVACY_POLICY.version
}
