/**
 * Imported FIRST by an RTL spec (`import './support/platform-mocks'`, above the app's own modules): fakes the
 * platform modules every screen goes through — HTTP, storage, navigation, the page's params and lifecycle, and the
 * system dialogs (confirmations answered by `dialog.confirmAnswer`) —
 * with the stand-ins of fake-platform.ts (the same instances the spec imports). A spec mocks any other platform
 * module it needs itself.
 */
type Fakes = typeof import('./fake-platform')
const fake = <K extends keyof Fakes>(name: K) => jest.requireActual<Fakes>('./fake-platform')[name]

jest.mock('@/platform/http', () => fake('http'))
jest.mock('@/platform/storage', () => fake('storage'))
jest.mock('@/platform/navigation', () => fake('navigation'))
jest.mock('@/platform/page', () => fake('page'))
jest.mock('@/platform/dialog', () => fake('dialog'))

export {}
