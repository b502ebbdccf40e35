import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { Api } from '../support/api';
import { PASSWORD } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { MiB, PNG_HEAD, S3Server, startS3, streamedUpload } from './files-helpers';

const SIZE = 200 * MiB;

/** SIZE bytes of PNG-signed content made 1 MiB at a time (never held whole), and their SHA-256. */
function content() {
  const block = randomBytes(MiB);
  block.set(PNG_HEAD, 0);
  const hash = createHash('sha256');
  function* chunks() {
    for (let n = 0; n * MiB < SIZE; n++) {
      const chunk = Buffer.from(block);
      if (n > 0) chunk.writeUInt32LE(n, 8);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { chunks, digest: () => hash.digest('hex') };
}

/** Streams a multipart upload of `content` to POST /files. */
function streamUpload(baseUrl: string, token: string, folderId: string, name: string) {
  const source = content();
  const { head, tail, options } = streamedUpload(baseUrl, token, folderId, name, SIZE, 'large');
  const answered = new Promise<{ status: number; body: any }>((done, fail) => {
    const request = http.request(options, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.once('end', () => done({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    request.once('error', fail);
    void (async () => {
      request.write(head);
      for (const chunk of source.chunks()) {
        if (!request.write(chunk)) await new Promise((drained) => request.once('drain', drained));
      }
      request.end(tail);
    })();
  });
  return { answered, digest: source.digest };
}

/** GET that follows a redirect (the S3 driver answers 302), hashing the body as it arrives. */
function streamDownload(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; size: number; sha256: string }>((done, fail) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode === 302) {
          response.resume();
          streamDownload(response.headers.location!).then(done, fail);
          return;
        }
        const hash = createHash('sha256');
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
        });
        response.once('end', () => done({ status: response.statusCode!, size, sha256: hash.digest('hex') }));
        response.once('error', fail);
      })
      .once('error', fail);
  });
}

describe.each(['local', 's3'] as const)(
  'files room: 200 MiB streamed through the server, %s driver',
  (driver) => {
    let app: TestApp;
    let s3: S3Server | null = null;

    beforeAll(async () => {
      s3 = driver === 's3' ? await startS3('pws-large') : null;
      app = await startTestApp({ FILES_MAX_UPLOAD_BYTES: String(SIZE), ...(s3?.env ?? {}) });
    }, 120000);
    afterAll(async () => {
      await app.close();
      await s3?.close();
    });

    it('uploads and downloads byte-identical, leaving no journal row', async () => {
      const api = new Api(app.baseUrl);
      const setup = await api.post('/setup', {
        workspaceName: 'Large Co',
        name: 'Lara Large',
        email: 'lara@large.example',
        password: PASSWORD,
      });
      expect(setup.status).toBe(201);
      const token = setup.body.accessToken as string;
      const company = await api.post('/companies', { name: 'Partner' }, token);
      const rooms = await api.get(`/companies/${company.body.id}/rooms`, token);
      const folderId = (rooms.body as Array<{ kind: string; rootFolderId: string }>).find(
        (room) => room.kind === 'files',
      )!.rootFolderId;

      const sent = streamUpload(app.baseUrl, token, folderId, 'large.png');
      const uploaded = await sent.answered;
      expect(uploaded.status).toBe(201);
      const expected = sent.digest();
      expect(uploaded.body.currentVersion).toMatchObject({ number: 1, size: SIZE, sha256: expected });
      const rows = await app.dataSource.query('SELECT COUNT(*)::int AS n FROM file_uploads');
      expect(rows[0].n).toBe(0);

      const got = await streamDownload(`${app.baseUrl}/api/v1/files/${uploaded.body.id}/download`, {
        authorization: `Bearer ${token}`,
      });
      expect(got).toEqual({ status: 200, size: SIZE, sha256: expected });
    }, 240000);
  },
);
