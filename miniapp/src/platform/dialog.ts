import Taro from '@tarojs/taro'

/** A yes/no question in the system's own dialog; resolves true when the person confirms. */
export async function confirmDialog(options: { title: string; content: string; confirmText?: string; cancelText?: string }): Promise<boolean> {
  try {
    const result = await Taro.showModal({
      title: options.title,
      content: options.content,
      confirmText: options.confirmText ?? '确定',
      cancelText: options.cancelText ?? '取消',
      confirmColor: '#d92d20'
    })
    return result.confirm
  } catch {
    return false
  }
}

/** A short note at the centre of the screen. */
export function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2000 }).catch(() => undefined)
}
