/**
 * Citizens' services over the register (DOMAIN §4, seed address-certificate-abolished.kk.txt):
 * a citizen's own registered address, as the e-gov cabinet shows it, and an owner's view of who is
 * registered at their property. The e-gov portal calls them for the citizen it has authenticated
 * (core/auth.ts @ForCitizens); a citizen sees only themself, an owner only their own property.
 * Every answer and every refusal is audited; each citizen is rate-limited.
 * Refusals are in Russian and Kazakh: the portal shows them to the citizen as they are.
 */
import { Module } from '@nestjs/common';
import { CitizenService } from './citizen.service';
import { CitizenController } from './citizen.controller';

@Module({ controllers: [CitizenController], providers: [CitizenService] })
export class CitizenModule {}
