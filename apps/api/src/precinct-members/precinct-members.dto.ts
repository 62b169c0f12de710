import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PrecinctMemberView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ description: 'Whether the account is enabled (a disabled member holds no seat)' }) enabled!: boolean;
}

export class PrecinctStationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty({ example: 'Школа № 1' }) premises!: string;
  @ApiProperty() locality!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) street!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) house!: string | null;
  @ApiProperty({ type: [PrecinctMemberView] }) members!: PrecinctMemberView[];
}

export class PrecinctMembersView {
  @ApiProperty({ example: '7101' }) districtId!: string;
  @ApiProperty() districtNameRu!: string;
  @ApiProperty() districtNameKk!: string;
  @ApiProperty({ description: 'Enabled members each precinct commission has seats for' }) seats!: number;
  @ApiProperty({ type: [PrecinctStationView] }) stations!: PrecinctStationView[];
}
