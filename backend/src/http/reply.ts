import type { Response } from 'express';

export interface FileReply {
  /** `application/pdf`, `text/csv; charset=utf-8`, ... */
  contentType: string;
  /** Offered as the download's name. */
  filename: string;
  body: Buffer | string;
  cacheControl?: string;
}

/**
 * An answer other than JSON with the route's default status: a handler returns one when the
 * status depends on the outcome, when it sends a file, or when there is nothing to send.
 */
export class Reply {
  private constructor(private readonly write: (res: Response) => void) {}

  static json(status: number, body: unknown): Reply {
    return new Reply((res) => res.status(status).json(body));
  }

  static file(file: FileReply): Reply {
    return new Reply((res) => {
      res.status(200).type(file.contentType).set('Content-Disposition', `attachment; filename="${file.filename}"`);
      if (file.cacheControl) res.set('Cache-Control', file.cacheControl);
      res.send(file.body);
    });
  }

  static noContent(): Reply {
    return new Reply((res) => res.status(204).end());
  }

  send(res: Response): void {
    this.write(res);
  }
}
