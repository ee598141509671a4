import { Image } from '@tarojs/components'
import { API_BASE } from '@/platform/http'
import './wallet.css'

/**
 * The merchant's uploaded card face: a cover under the card's text and a logo in its corner. Drawn inside a
 * `.card-cover` (position: relative); without images the preset colour shows alone.
 */
export function CardFaceImages({ logoUrl, coverUrl }: { logoUrl: string | null; coverUrl: string | null }) {
  return (
    <>
      {coverUrl && <Image className='card-face__cover' src={API_BASE + coverUrl} mode='aspectFill' aria-hidden />}
      {logoUrl && <Image className='card-face__logo' src={API_BASE + logoUrl} mode='aspectFit' ariaLabel='商户标志' />}
    </>
  )
}
