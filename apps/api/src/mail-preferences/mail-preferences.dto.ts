import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { MAIL_LANGUAGES, type MailLanguage } from '../../../../libs/mail/official-messages';

/** What an official takes by e-mail besides the inbox, where, and in which language. */
export class MailPreferencesDto {
  @ApiProperty({
    nullable: true,
    description: "The address at the commission's mail (null: no e-mail at all)",
    example: 'registrar.7101@election.kz',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string | null;

  @ApiProperty({ enum: MAIL_LANGUAGES, description: 'The language of the messages' })
  @IsIn([...MAIL_LANGUAGES], { message: 'language must be ru or kk' })
  language!: MailLanguage;

  @ApiProperty({ description: 'Reminders before a task is due' })
  @IsBoolean()
  reminders!: boolean;

  @ApiProperty({ description: "Escalations raised at the official's own rung (a deadline passed, a projected miss)" })
  @IsBoolean()
  escalationsRaised!: boolean;

  @ApiProperty({ description: "Escalations that climbed to the official's rung from the one below" })
  @IsBoolean()
  escalationsClimbed!: boolean;
}
