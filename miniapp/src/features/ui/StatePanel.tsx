import { View, Text } from '@tarojs/components'
import { BigButton } from './BigButton'
import './ui.css'

type Props =
  | { kind: 'loading'; text?: string }
  | { kind: 'empty'; text: string }
  | { kind: 'error'; text: string; onRetry?: () => void }

/** The loading, empty and error states every screen has. */
export function StatePanel(props: Props) {
  return (
    // a live region: a screen reader announces loading, the empty state and errors as they appear
    <View className={`state-panel state-panel--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'} aria-live={props.kind === 'error' ? 'assertive' : 'polite'}>
      {props.kind === 'loading' && <View className='state-panel__spinner' />}
      <Text className='state-panel__text'>{props.text ?? '正在加载…'}</Text>
      {props.kind === 'error' && props.onRetry && (
        <BigButton variant='secondary' className='state-panel__retry' onClick={props.onRetry}>
          重试
        </BigButton>
      )}
    </View>
  )
}
