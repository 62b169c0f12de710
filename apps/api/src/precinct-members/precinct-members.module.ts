/**
 * The precinct commissions' designated members (DOMAIN §3 step 1), as their district commission
 * keeps them: each station of its district by number, premises and address, with the members it has
 * designated there (names and usernames, whether the account is enabled). The designation itself
 * is POST /v1/users with the role PRECINCT_MEMBER, the station and the member's IIN (the users
 * service checks the district and the two seats per precinct); this read is audited.
 */
import { Module } from '@nestjs/common';
import { PrecinctMembersController } from './precinct-members.controller';
import { PrecinctMembersService } from './precinct-members.service';

@Module({ controllers: [PrecinctMembersController], providers: [PrecinctMembersService] })
export class PrecinctMembersModule {}
