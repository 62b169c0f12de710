import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CmsField } from '../eds/cms-field';

export class SignInDto {
  @ApiProperty({ example: 'registrar.7101' })
  @IsString()
  @Length(1, 100, { message: 'username is required' })
  username!: string;
  @ApiProperty() @IsString() @Length(1, 256, { message: 'password is required' }) password!: string;
}

export class ChallengeDto {
  @ApiProperty({ example: 'member.7101.1' })
  @IsString()
  @Length(1, 100, { message: 'username is required' })
  username!: string;
}

export class EdsSignInDto extends SignInDto {
  @ApiPropertyOptional({
    description: "The member's IIN (12 digits): a precinct member's sign-in needs it; an administrator's leaves it out",
  })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin?: string;
  @ApiProperty({ description: 'challengeId of POST /v1/auth/challenge' })
  @IsUUID('all', { message: 'challengeId must be the id of a challenge' })
  challengeId!: string;
  @CmsField(
    "Base64 of the CMS (PKCS#7) NCALayer made over the challenge's nonce (its UTF-8 text) with the official's AUTHENTICATION key (RSA256 AUTH_…p12 or a token); its IIN must be the account's",
  )
  cms?: string;
  @ApiPropertyOptional({
    description:
      "Developer's fallback (TIZIM_EDS_KEY_FILE=on only): the registered certificate's id or SHA-256 fingerprint, with `signature`",
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  certificateId?: string;
  @ApiPropertyOptional({
    description:
      "Developer's fallback (TIZIM_EDS_KEY_FILE=on only): base64 of the raw signature over the nonce made with a PKCS#8 key file",
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  signature?: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refreshToken of the last sign-in or refresh' })
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}

export class SignOutDto {
  @ApiProperty({
    required: false,
    description: "The sign-in's refresh token: ends it even when the access token has expired",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  refreshToken?: string;
}
