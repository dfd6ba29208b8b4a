import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { EcbImport } from './ecb-import';
import { EcbImportResult } from './exchange-rate-models';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <Cube><Cube time='2026-11-30'><Cube currency='USD' rate='1.1564'/></Cube></Cube>
</gesmes:Envelope>`;

describe('EcbImport', () => {
  let fixture: ComponentFixture<EcbImport>;
  let http: HttpTestingController;
  let imported: EcbImportResult[];
  const el = () => fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string) => el().querySelector<T>(`[data-testid="${testId}"]`);
  const uploadButton = () => q<HTMLButtonElement>('ecb-upload')!;

  async function choose(file: File): Promise<void> {
    const input = q<HTMLInputElement>('ecb-file')!;
    // jsdom's file inputs cannot be given files by a script: give it a list of one.
    Object.defineProperty(input, 'files', { configurable: true, value: { length: 1, item: () => file, 0: file } });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(EcbImport);
    imported = [];
    fixture.componentRef.instance.imported.subscribe((r) => imported.push(r));
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('when a file is chosen and imported, then it is POSTed as application/xml and the result is shown', async () => {
    expect(uploadButton().disabled).toBe(true);
    const file = new File([XML], 'eurofxref-daily.xml', { type: 'text/xml' });
    await choose(file);
    uploadButton().click();
    await fixture.whenStable();
    expect(uploadButton().disabled).toBe(true);
    expect(uploadButton().textContent?.trim()).toBe('Importing…');

    const req = http.expectOne('/api/admin/exchange-rates/import');
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Content-Type')).toBe('application/xml');
    expect(req.request.body).toBe(file);
    const result: EcbImportResult = {
      source: 'ecb',
      date: '2026-11-30',
      validFrom: '2026-11-30T00:00:00.000Z',
      rates: 58,
      skipped: ['XXX'],
      inserted: 50,
      updated: 6,
      unchanged: 2,
    };
    req.flush(result, { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    const shown = q('ecb-result')!.textContent!.replace(/\s+/g, ' ');
    expect(shown).toContain('Imported the ECB rates of 2026-11-30: 58 rates (50 new, 6 changed, 2 unchanged)');
    expect(shown).toContain('Skipped unknown codes: XXX.');
    expect(imported).toEqual([result]);
  });

  it('when the server refuses the file, then its message is shown and nothing counts as imported', async () => {
    await choose(new File(['<html/>'], 'rates.xml', { type: 'text/xml' }));
    uploadButton().click();
    http.expectOne('/api/admin/exchange-rates/import').flush(
      {
        error: {
          code: 'invalid_rates_file',
          message: 'Not an ECB daily reference-rate file: no Cube with a time',
          details: [{ path: 'body', message: 'no Cube with a time' }],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain(
      'Not an ECB daily reference-rate file: no Cube with a time',
    );
    expect(q('ecb-result')).toBeNull();
    expect(imported).toEqual([]);
    expect(uploadButton().disabled).toBe(false);
  });
});
