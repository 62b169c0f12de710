import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ROLES, type Role } from '../core/access';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,62}$/i;

class TerritoryDto {
  @ApiPropertyOptional({ example: '71', description: "A regional commission's region" })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101', description: "A district commission's or akimat registrar's district" })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  districtId?: string;
  @ApiPropertyOptional({ description: "A precinct member's polling station (its id)" })
  @IsOptional()
  @IsUUID('all', { message: 'stationId must be the id of a polling station' })
  stationId?: string;
}

export class CreateUserDto extends TerritoryDto {
  @ApiProperty({
    example: 'registrar.7101',
    description: '3-63 letters, digits, dots, dashes, underscores; kept in lower case',
  })
  @Matches(USERNAME, { message: 'username must be 3-63 letters, digits, dots, dashes or underscores' })
  username!: string;
  @ApiProperty({ example: 'Ахметова Айгуль Сериковна' })
  @IsString()
  @Length(1, 200, { message: 'fullName is required' })
  fullName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role!: Role;
  @ApiProperty({ description: 'At least 12 characters, not containing the username' })
  @IsString()
  @Length(1, 256)
  password!: string;
  @ApiPropertyOptional({
    description:
      "The holder's IIN (stored only as an HMAC): required for a precinct member, who types it at sign-in; for any account, its EDS certificates must carry it",
  })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin?: string;
}

export class UpdateUserDto extends TerritoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) fullName?: string;
  @ApiPropertyOptional({ enum: ROLES, description: 'A new role: send the territory it acts for with it' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
  @ApiPropertyOptional({ description: 'true disables the account and ends its sign-ins' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
  @ApiPropertyOptional({ description: 'true lifts a lock-out after failed sign-ins' })
  @IsOptional()
  @IsBoolean()
  unlock?: boolean;
  @ApiPropertyOptional({
    description:
      "The holder's IIN, entered or corrected: the account's EDS certificates must carry it; ends its sign-ins",
  })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin?: string;
}

export class PasswordDto {
  @ApiProperty() @IsString() @Length(1, 256) password!: string;
  @ApiPropertyOptional({ description: 'Required when changing your own password' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  currentPassword?: string;
}

export class UsersQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  after?: string;
}
