import { Entity } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

@Entity('consumers')
export class ConsumerEntity {
  @IdColumn()
  id: string;

  @StringColumn('wechat_openid', 64, { nullable: true })
  wechatOpenid: string | null;

  @StringColumn('phone', 20, { nullable: true })
  phone: string | null;

  @StringColumn('nickname', 64, { nullable: true })
  nickname: string | null;

  @TimeColumn('created_at')
  createdAt: Date;
}

/** The columns of a password login, the same in `operators` and `staff_users` (merchant.entity.ts). */
export abstract class PasswordLoginColumns {
  @StringColumn('username', 64)
  username: string;

  @StringColumn('password_hash', 200)
  passwordHash: string;

  @StringColumn('display_name', 64)
  displayName: string;
}

@Entity('operators')
export class OperatorEntity extends PasswordLoginColumns {
  @IdColumn()
  id: string;

  @TimeColumn('created_at')
  createdAt: Date;
}

@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @IdColumn()
  id: string;

  @RefColumn('family_id')
  familyId: string;

  @RefColumn('subject_id')
  subjectId: string;

  @StringColumn('audience', 16)
  audience: string;

  @StringColumn('token_hash', 64)
  tokenHash: string;

  @TimeColumn('expires_at')
  expiresAt: Date;

  @TimeColumn('used_at', { nullable: true })
  usedAt: Date | null;

  @TimeColumn('revoked_at', { nullable: true })
  revokedAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
