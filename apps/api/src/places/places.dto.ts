import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class DistrictsQueryDto {
  @ApiPropertyOptional({ example: '71', description: "The region's two-digit KATO code; every district when absent" })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
}

export class StationsQueryDto {
  @ApiProperty({ example: '7101' })
  @IsString()
  @Length(1, 16, { message: 'districtId is required' })
  districtId!: string;
}

export class RegionView {
  @ApiProperty() code!: string;
  @ApiProperty() nameRu!: string;
  @ApiProperty() nameKk!: string;
}

export class DistrictView {
  @ApiProperty() id!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() nameRu!: string;
  @ApiProperty() nameKk!: string;
}

export class StationView {
  @ApiProperty() id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() districtId!: string;
  @ApiProperty() locality!: string;
  @ApiProperty() premises!: string;
}
