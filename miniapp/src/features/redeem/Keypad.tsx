import { View, Text } from '@tarojs/components'
import type { KeypadKey } from './amount'
import './till.css'

const ROWS: KeypadKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['.', '0', 'back']
]

/** Large on-screen digits for a counter tablet or a phone; presses go through `pressKey`. */
export function Keypad({ onPress }: { onPress: (key: KeypadKey) => void }) {
  return (
    <View className='keypad'>
      {ROWS.map((row) => (
        <View className='keypad__row' key={row.join('')}>
          {row.map((key) => (
            <View key={key} className={`keypad__key keypad__key--${key === 'back' ? 'back' : key === '.' ? 'dot' : 'digit'}`} hoverClass='keypad__key--pressed' onClick={() => onPress(key)}>
              <Text>{key === 'back' ? '删除' : key}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
