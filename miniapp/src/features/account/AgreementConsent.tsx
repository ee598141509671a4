import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { PlatformAgreementKind } from '@jucard/shared'
import { AGREEMENTS } from './agreements'
import './account.css'

/** 我已阅读并同意《聚卡用户协议》《聚卡隐私政策》: ticked before signing in; each title opens its text in place. */
export function AgreementConsent({ agreed, onChange }: { agreed: boolean; onChange: (agreed: boolean) => void }) {
  const [open, setOpen] = useState<PlatformAgreementKind | null>(null)
  const shown = AGREEMENTS.find((a) => a.key === open)
  return (
    <View className='consent'>
      <View className='consent__line'>
        <View className='consent__tick' role='checkbox' aria-checked={agreed} aria-label='同意用户协议和隐私政策' onClick={() => onChange(!agreed)}>
          <Text className={`consent__box${agreed ? ' consent__box--on' : ''}`}>{agreed ? '✓' : ''}</Text>
          <Text>我已阅读并同意</Text>
        </View>
        {AGREEMENTS.map((agreement) => (
          <View
            key={agreement.key}
            className='consent__link'
            role='button'
            aria-expanded={open === agreement.key}
            onClick={() => setOpen(open === agreement.key ? null : agreement.key)}
          >
            <Text>《{agreement.title}》</Text>
          </View>
        ))}
      </View>
      {shown && (
        <View className='consent__body'>
          <Text className='consent__version'>
            {shown.title}（{shown.version} 生效）
          </Text>
          {shown.paragraphs.map((paragraph) => (
            <Text key={paragraph} className='agreements__paragraph'>
              {paragraph}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}
