// Page object for the operator console: the same steps a newcomer takes, found by role and
// accessible name as a screen reader would find them.
import { expect, type Locator, type Page } from '@playwright/test';

export class ConsolePage {
  constructor(readonly page: Page) {}

  async login(username: string, password = 'veille-demo'): Promise<void> {
    await this.page.getByLabel('Identifiant').fill(username);
    await this.page.getByLabel('Mot de passe').fill(password);
    await this.page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(this.page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  }

  get queue(): Locator {
    return this.page.getByRole('list', { name: 'File des alarmes' });
  }

  rows(): Locator {
    return this.queue.getByRole('listitem');
  }

  row(caseId: string): Locator {
    return this.queue.locator(`[data-case-id="${caseId}"]`);
  }

  async firstUnclaimedCaseId(): Promise<string> {
    const row = this.rows().filter({ hasText: 'Non pris en charge' }).first();
    await expect(row).toBeVisible({ timeout: 10_000 });
    const id = await row.getAttribute('data-case-id');
    expect(id).toBeTruthy();
    return id!;
  }

  async open(caseId: string): Promise<void> {
    await this.row(caseId).click();
  }

  async claim(): Promise<void> {
    await this.page.getByRole('button', { name: 'Prendre en charge' }).click();
  }

  async close(code: string, note?: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Clôturer' }).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: 'Confirmer la clôture' })).toBeDisabled();
    await dialog.getByRole('radio', { name: code }).check();
    if (note) await dialog.getByLabel(/^Note/).fill(note);
    // Closed before its procedure's required steps: the script asks why (journaled), either
    // at once or after a first confirmation the procedure refuses.
    const reason = dialog.getByLabel('Motif de la clôture anticipée');
    const confirm = dialog.getByRole('button', { name: 'Confirmer la clôture' });
    if (await reason.isVisible()) await reason.fill('Clôture anticipée (scénario de test)');
    await confirm.click();
    await expect.poll(async () => (await dialog.isHidden()) || (await reason.isVisible() && (await reason.inputValue()) === '')).toBe(true);
    if (await dialog.isVisible()) {
      await reason.fill('Clôture anticipée (scénario de test)');
      await confirm.click();
    }
    await expect(dialog).toBeHidden();
  }
}
