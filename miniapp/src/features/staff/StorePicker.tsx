import { View, Text } from '@tarojs/components'
import type { StoreView } from '@jucard/shared'
import './staff.css'

/** The stores this staff member may take money at; big chips rather than a dropdown, one tap to switch. */
export function StorePicker({ stores, selectedId, onSelect }: { stores: StoreView[]; selectedId: string | null; onSelect: (id: string) => void }) {
  return (
    <View className='store-picker'>
      <Text className='store-picker__label'>{selectedId ? '收款门店' : '请先选择收款门店'}</Text>
      <View className='store-picker__chips'>
        {stores.map((store) => (
          <View
            key={store.id}
            className={`store-picker__chip${store.id === selectedId ? ' store-picker__chip--selected' : ''}`}
            hoverClass='store-picker__chip--pressed'
            onClick={() => onSelect(store.id)}
          >
            <Text>{store.name}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
