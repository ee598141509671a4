import type { ReactNode } from 'react'
import { replacePage } from '@/platform/navigation'
import './console.css'

export interface NavItem {
  label: string
  /** Page path, e.g. "/pages-admin/reports/index". */
  url: string
}

interface Props {
  /** "聚卡商户后台", "聚卡运营后台". */
  brand: string
  /** Who is signed in, e.g. "莲花健身 · 林小莲（店主）". */
  who: string | null
  nav: NavItem[]
  /** The page's own path: its nav entry is marked current. */
  current: string
  title: string
  /** Links beside the sign-out button (the till, for managers). */
  extra?: ReactNode
  onLogout: () => void
  children: ReactNode
}

/** The frame of every back-office and console page: brand, sections, who is signed in, the page's title. */
export function ConsoleShell({ brand, who, nav, current, title, extra, onLogout, children }: Props) {
  return (
    <div className='console'>
      <header className='console__header'>
        <span className='console__brand'>{brand}</span>
        <div className='console__account'>
          {who && <span className='console__who'>{who}</span>}
          {extra}
          <button type='button' className='console__logout' onClick={onLogout}>
            退出登录
          </button>
        </div>
      </header>
      <div className='console__body'>
        <nav className='console__nav' aria-label='功能'>
          {nav.map((item) => (
            <button
              key={item.url}
              type='button'
              className={`console__nav-item${item.url === current ? ' console__nav-item--current' : ''}`}
              aria-current={item.url === current ? 'page' : undefined}
              onClick={() => {
                if (item.url !== current) void replacePage(item.url)
              }}
            >
              {item.label}
            </button>
          ))}
        </nav>
        <main className='console__main'>
          <h1 className='console__title'>{title}</h1>
          {children}
        </main>
      </div>
    </div>
  )
}
