import { useId, useState } from 'react'
import { UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES, type UploadPurpose } from '@jucard/shared'
import { API_BASE } from '@/platform/http'
import { readAsBase64 } from '@/platform/h5/read-file'
import { failureMessageZh } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import './onboarding.css'

export interface UploadedImage {
  id: string
  /** Path on the API's origin (signed for KYC images). */
  url: string
}

interface Props {
  label: string
  hint: string
  purpose: UploadPurpose
  value: UploadedImage | null
  onChange: (value: UploadedImage | null) => void
  error?: string | null
}

/** Pick an image, upload it at once and show it; the server decides by the file's bytes, this only spares a wait. */
export function ImageUpload({ label, hint, purpose, value, onChange, error }: Props) {
  const id = useId()
  const [state, setState] = useState<{ status: 'idle' } | { status: 'uploading' } | { status: 'failed'; messageZh: string }>({ status: 'idle' })

  async function pick(file: File | undefined) {
    if (!file) return
    if (file.size > UPLOAD_MAX_BYTES) return setState({ status: 'failed', messageZh: '图片太大，请选择 4MB 以内的图片' })
    setState({ status: 'uploading' })
    const result = await merchantAdminApi.uploadFile(purpose, await readAsBase64(file))
    if (!result.ok) return setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
    setState({ status: 'idle' })
    onChange({ id: result.data.id, url: result.data.url })
  }

  const note = state.status === 'failed' ? state.messageZh : error ?? null
  return (
    <div className='image-upload'>
      <label className='image-upload__label' htmlFor={id}>
        {label}
      </label>
      <div className='image-upload__body'>
        {value ? <img className='image-upload__preview' src={API_BASE + value.url} alt={`${label}预览`} /> : <div className='image-upload__empty'>未上传</div>}
        <div className='image-upload__side'>
          <input
            id={id}
            className='image-upload__input'
            type='file'
            accept={UPLOAD_CONTENT_TYPES.join(',')}
            aria-describedby={`${id}-note`}
            aria-invalid={note !== null}
            disabled={state.status === 'uploading'}
            onChange={(event) => void pick(event.target.files?.[0])}
          />
          <span id={`${id}-note`} className={note ? 'image-upload__note image-upload__note--error' : 'image-upload__note'} role={note ? 'alert' : undefined}>
            {state.status === 'uploading' ? '正在上传…' : note ?? hint}
          </span>
          {value && (
            <button type='button' className='console__link image-upload__remove' onClick={() => onChange(null)}>
              移除
            </button>
          )}
        </div>
      </div>
    </div>
  )
}
