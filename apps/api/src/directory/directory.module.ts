/**
 * Names for what the API otherwise identifies by code or id: regions and districts (GET /v1/places)
 * and officials (DirectoryService.people, which other features use to name who did what).
 */
import { Global, Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';

@Global()
@Module({ controllers: [DirectoryController], providers: [DirectoryService], exports: [DirectoryService] })
export class DirectoryModule {}
