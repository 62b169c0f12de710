import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class CreateRegistrationCheckDto {
  @ApiProperty({ description: "The citizen's IIN: 12 digits with a valid check digit", example: '980109050588' })
  @IsString()
  @Matches(/^\d{12}$/, { message: 'iin must be exactly 12 digits' })
  iin!: string;

  @ApiProperty({
    description: 'Why the register is consulted (kept in the audit trail)',
    example: 'Written application No. 17 at precinct 12',
  })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class RegistrationCheckView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Temporal workflow id, to find it in the Temporal Web UI' }) workflowId!: string;
  @ApiProperty({ enum: ['REQUESTED', 'FOUND', 'NOT_FOUND'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) regionCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) districtId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) stationNumber!: number | null;
  @ApiProperty() requestedAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) completedAt!: Date | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Date,
    description: "When the citizen's e-gov cabinet received the result",
  })
  notifiedAt!: Date | null;
}
