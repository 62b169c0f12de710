import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/**
 * A request's `cms`: the base64 CMS (PKCS#7) SignedData NCALayer returned (issue 27). Optional in
 * the body because the developer's key-file fallback sends other fields instead; `description`
 * says what was signed and with which key.
 */
export const CmsField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    IsString({ message: 'cms must be the base64 CMS signature NCALayer returned' }),
    Length(1, 200_000, { message: 'cms must be base64 of a CMS signature (at most 200,000 characters)' }),
  );
