import { View, Text, Image } from '@tarojs/components'
import { formatMemberCode, formatYuan, type MemberCodeView } from '@jucard/shared'
import { shanghaiClock } from '../redeem/shanghai-time'
import { barcodeDataUrl } from './qr'
import type { Redemption } from './use-member-code'
import './member-code.css'

/** The code the cashier scans: QR, the 18 digits grouped for reading aloud or typing, and how long it lasts. */
export function LiveCode({ code, qr, secondsLeft, onRefresh }: { code: MemberCodeView; qr: string; secondsLeft: number; onRefresh: () => void }) {
  return (
    <View className='live-code'>
      <Text className='live-code__hint'>请向收银员出示此码</Text>
      <Image className='live-code__qr' src={qr} mode='aspectFit' />
      <Image className='live-code__barcode' src={barcodeDataUrl(code.numericCode)} mode='scaleToFill' />
      <Text className='live-code__digits'>{formatMemberCode(code.numericCode)}</Text>
      <View className='live-code__countdown' onClick={onRefresh}>
        <Text>{secondsLeft > 0 ? `${secondsLeft} 秒后失效 · 自动刷新` : '正在刷新…'}</Text>
        <Text className='live-code__refresh'>点此刷新</Text>
      </View>
      <Text className='live-code__safety'>会员码仅限本人当面使用，请勿截图或发给他人</Text>
    </View>
  )
}

/** After the cashier took the code: what was paid, where, and what is left. */
export function CodeUsed({ redemption, onAgain }: { redemption: Redemption; onAgain: () => void }) {
  return (
    <View className='code-used'>
      <Text className='code-used__mark'>✓</Text>
      <Text className='code-used__title'>已使用 {formatYuan(redemption.amountFen)}</Text>
      <Text className='code-used__store'>
        {redemption.storeName} · {shanghaiClock(redemption.redeemedAt)}
      </Text>
      <View className='code-used__balance'>
        <Text className='code-used__balance-label'>余额</Text>
        <Text className='code-used__balance-value'>{formatYuan(redemption.balance.totalFen)}</Text>
        <Text className='code-used__balance-split'>
          本金 {formatYuan(redemption.balance.principalFen)} · 赠送金 {formatYuan(redemption.balance.bonusFen)} · 积分 {redemption.balance.points}
        </Text>
      </View>
      <View className='code-used__again' onClick={onAgain}>
        <Text>再次出示会员码</Text>
      </View>
    </View>
  )
}
