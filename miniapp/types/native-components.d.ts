import type { MemberCodeState } from '@jucard/shared'

/** Native mini-program components used from React (weapp only), see src/native-components/. */
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'member-code': {
        'numeric-code': string
        'qr-payload': string
        /** ISO instant */
        'expires-at': string
        state: MemberCodeState
        onRefresh?: () => void
        onTapcode?: () => void
      }
    }
  }
}
