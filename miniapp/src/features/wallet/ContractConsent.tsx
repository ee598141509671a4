import { View, Text } from '@tarojs/components'
import type { ProductTermsView } from '@jucard/shared'
import './wallet.css'

/** The card's 预付卡章程 / 充值协议 in force, and the tick that accepts this version (claim and top-up). */
export function ContractConsent({ terms, agreed, onChange }: { terms: ProductTermsView; agreed: boolean; onChange: (agreed: boolean) => void }) {
  return (
    <View className='contract'>
      <Text className='contract__title'>《预付卡章程 / 充值协议》第 {terms.version} 版</Text>
      <View className='contract__text'>
        {terms.text.split(/\n+/).map((line, i) => (
          <Text key={`${i}:${line}`} className='contract__line'>
            {line}
          </Text>
        ))}
      </View>
      <View className='contract__tick' role='checkbox' aria-checked={agreed} aria-label='同意本卡章程' onClick={() => onChange(!agreed)}>
        <Text className={`contract__box${agreed ? ' contract__box--on' : ''}`}>{agreed ? '✓' : ''}</Text>
        <Text>我已阅读并同意本卡的《预付卡章程 / 充值协议》</Text>
      </View>
    </View>
  )
}

export const CONTRACT_NOT_AGREED = '请先阅读并勾选同意本卡的《预付卡章程 / 充值协议》'
