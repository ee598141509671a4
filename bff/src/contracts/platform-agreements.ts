import { PLATFORM_AGREEMENTS as TEXTS, type PlatformAgreementKind, type PlatformAgreementView } from '@jucard/shared';

/**
 * The platform's 用户协议 and 隐私政策 as served at GET /legal/agreements: the text lives in shared/src/legal (the
 * sign-in page and 我的 show the same), one paragraph per blank line; acceptances record `version`.
 */
export const PLATFORM_AGREEMENTS: Record<PlatformAgreementKind, PlatformAgreementView> = {
  USER_AGREEMENT: viewOf('USER_AGREEMENT'),
  PRIVACY_POLICY: viewOf('PRIVACY_POLICY'),
};

function viewOf(kind: PlatformAgreementKind): PlatformAgreementView {
  const { title, version, paragraphs } = TEXTS[kind];
  return { kind, title, version, text: paragraphs.join('\n\n') };
}
