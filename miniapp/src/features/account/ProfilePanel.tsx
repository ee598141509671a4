import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { ConsumerProfile } from '@jucard/shared'
import { AGREEMENTS } from './agreements'
import './account.css'

/** Who is signed in. */
export function ProfileCard({ profile }: { profile: ConsumerProfile }) {
  return (
    <View className='profile-card'>
      <Text className='profile-card__name'>{profile.nickname ?? '聚卡用户'}</Text>
      <Text className='profile-card__phone'>{profile.phoneMasked ? `手机号 ${profile.phoneMasked}` : '已通过微信登录'}</Text>
    </View>
  )
}

/** 用户协议 and 隐私政策, each opened in place. */
export function AgreementList() {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <View className='agreements'>
      {AGREEMENTS.map((agreement) => (
        <View key={agreement.key} className='agreements__item'>
          <View
            className='agreements__title'
            role='button'
            aria-expanded={open === agreement.key}
            onClick={() => setOpen(open === agreement.key ? null : agreement.key)}
          >
            <Text>{agreement.title}</Text>
            <Text className='agreements__chevron'>{open === agreement.key ? '收起' : '查看'}</Text>
          </View>
          {open === agreement.key && (
            <View className='agreements__body'>
              {agreement.paragraphs.map((paragraph) => (
                <Text key={paragraph} className='agreements__paragraph'>
                  {paragraph}
                </Text>
              ))}
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
