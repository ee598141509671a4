import { View, Text } from '@tarojs/components'
import { BigButton } from './BigButton'
import type { Loaded } from './use-load'
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

/**
 * A screen's data while it is not there yet (useLoad): the loading state, or the error with 重试. A screen
 * returns it until `state.status` is 'ready': `if (card.state.status !== 'ready') return <Loading load={card} text='…' />`.
 */
export function Loading<T>({ load, text }: { load: { state: Loaded<T>; reload: () => Promise<void> }; text?: string }) {
  if (load.state.status === 'failed') return <StatePanel kind='error' text={load.state.messageZh} onRetry={() => void load.reload()} />
  return <StatePanel kind='loading' text={text} />
}
