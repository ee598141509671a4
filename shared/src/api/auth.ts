export type Audience = 'consumer' | 'staff' | 'operator';

export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  tokenType: 'Bearer';
}

export interface WechatLoginRequest {
  code: string;
}

export interface PhoneCodeRequest {
  phone: string;
}

export interface PhoneLoginRequest {
  phone: string;
  code: string;
}

export interface PasswordLoginRequest {
  username: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface ConsumerProfile {
  id: string;
  nickname: string | null;
  phoneMasked: string | null;
}
