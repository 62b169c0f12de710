/** The names of the country's places and of officials, as the console shows them instead of codes and ids. */
import { ApiProperty } from '@nestjs/swagger';

export class RegionNameDto {
  @ApiProperty({ example: '71' }) code!: string;
  @ApiProperty({ example: 'г. Астана' }) nameRu!: string;
  @ApiProperty({ example: 'Астана қ.' }) nameKk!: string;
}

export class DistrictNameDto {
  @ApiProperty({ example: '7101' }) id!: string;
  @ApiProperty({ example: '71' }) regionCode!: string;
  @ApiProperty() nameRu!: string;
  @ApiProperty() nameKk!: string;
}

export class PlacesDto {
  @ApiProperty({ type: [RegionNameDto] }) regions!: RegionNameDto[];
  @ApiProperty({ type: [DistrictNameDto] }) districts!: DistrictNameDto[];
}

/** An official as a screen names them: their name and role (never their id). */
export interface PersonName {
  fullName: string;
  role: string;
}
