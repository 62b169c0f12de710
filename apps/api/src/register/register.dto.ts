import { ApiProperty } from '@nestjs/swagger';
import { Length, Matches } from 'class-validator';

export class UploadSnapshotDto {
  @ApiProperty({ example: '2027-01-01', description: 'the date the extract describes the register on' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: "asOf must be the extract's date, YYYY-MM-DD" })
  asOf!: string;
}

export class PersonLookupDto {
  @ApiProperty({ example: '900101300016', description: "the person's IIN (in the body: a URL never carries an IIN)" })
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin!: string;
  @ApiProperty({
    example: 'appeal No. 14 of the regional commission',
    description: 'why the register is read; kept in the audit trail',
  })
  @Length(3, 300, { message: "reason is required: say why you read this person's record (3 to 300 characters)" })
  reason!: string;
}
