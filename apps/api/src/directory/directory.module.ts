/**
 * Officials by name for what the API otherwise identifies by id (DirectoryService.people, which other
 * features use to name who did what). Places by name are the places feature's (GET /v1/places/…).
 */
import { Global, Module } from '@nestjs/common';
import { DirectoryService } from './directory.service';

@Global()
@Module({ providers: [DirectoryService], exports: [DirectoryService] })
export class DirectoryModule {}
