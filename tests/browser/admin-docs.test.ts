// Swagger UI at /admin/docs in headless Chromium under the server's Content-Security-Policy: it renders the
// staff API's operations without one blocked resource, and the policy really is enforced (an inline script
// is refused).
import { describe, expect, it } from 'vitest';
import { chromiumInstalled, collectCspViolations, NO_CHROMIUM_MESSAGE } from './helpers/chromium.ts';
import { useSimulatorSession } from './helpers/simulator-session.ts';

const session = useSimulatorSession();

describe(
  chromiumInstalled ? '/admin/docs in Chromium' : `/admin/docs in Chromium (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)('renders Swagger UI with nothing blocked by the policy', async () => {
      const errors: string[] = [];
      const page = await session.browser.context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => errors.push(error.message));
      await collectCspViolations(page, errors);
      const response = await page.goto(`${session.server.url}/admin/docs`);
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await page.locator('.opblock-summary-path', { hasText: '/admin/staff' }).first().waitFor();
      await page.locator('.swagger-ui .info .title').waitFor();
      // Opening an operation renders its schema (styles and images of the expanded view load too).
      await page.locator('.opblock-summary-path', { hasText: '/admin/audit' }).first().click();
      await page.locator('.opblock-body').first().waitFor();
      expect(errors).toEqual([]);

      // The policy is enforced: an injected inline script is refused, and the collector sees it.
      await page.evaluate(`(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
      })()`);
      await expect.poll(() => errors.length).toBeGreaterThan(0);
      expect(errors[0]).toMatch(/^CSP blocked script-src/);
      expect(await page.evaluate('window.__injected')).toBeUndefined();
      await page.close();
    });
  },
);
