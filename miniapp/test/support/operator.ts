import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { unique } from '../../../bff/test/factories/actors';
import type { TestApp } from '../../../bff/test/support/test-app';
import { OperatorEntity } from '../../../bff/src/auth/identity.entities';
import { PasswordHasher } from '../../../bff/src/auth/password-hasher';
import type { Staffer } from './bff';

/** An operator account with a password the browser can type (operators have no sign-up: the platform creates them). */
export async function operatorAccount(t: TestApp, displayName = '运营', username = unique('ops')): Promise<Staffer> {
  const account = { username, password: 'operator-password' };
  await t.app.get(DataSource).getRepository(OperatorEntity).insert({
    id: randomUUID(),
    username: account.username,
    passwordHash: await t.app.get(PasswordHasher).hash(account.password),
    displayName,
    createdAt: new Date(),
  });
  return account;
}

/** Signs in at the operator console's login page (`loginUrl`); resolves on 商户审核, where the console starts. */
export async function signInToConsole(page: Page, loginUrl: string, operator: Staffer): Promise<void> {
  await page.goto(loginUrl);
  // a fresh browser context loads the whole bundle first: type only once the page has settled
  await page.waitForLoadState('networkidle');
  await page.getByLabel('账号').fill(operator.username);
  await page.getByLabel('密码').fill(operator.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/pages-ops\/merchants\/index/, { timeout: 20_000 });
}
