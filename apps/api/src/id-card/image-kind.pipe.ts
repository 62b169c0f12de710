import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { Problem } from '../core/problem';
import { IMAGE_KINDS, type ImageKind } from './citizen-id-card.service';

/** `photo` or `signature` in a path; anything else is a field refused by name. */
@Injectable()
export class ImageKindPipe implements PipeTransform<string, ImageKind> {
  transform(value: string): ImageKind {
    if ((IMAGE_KINDS as readonly string[]).includes(value)) return value as ImageKind;
    throw new Problem(HttpStatus.BAD_REQUEST, 'request.invalid-fields', {}, 'Some fields are not valid', [
      { field: 'kind', message: 'kind must be photo or signature' },
    ]);
  }
}
