/**
 * The places officials act for, by name: regions, a region's districts, a district's polling
 * stations. The console chooses a territory from these lists (an account's, a notification's
 * district) and never shows a bare code or a station's id. Names and numbers only: no personal data.
 *
 *   GET /v1/places/regions                       every region
 *   GET /v1/places/districts?regionCode=71       a region's districts (all when no region)
 *   GET /v1/places/stations?districtId=7101      a district's polling stations
 */
import { Module } from '@nestjs/common';
import { PlacesController } from './places.controller';
import { PlacesService } from './places.service';

@Module({ controllers: [PlacesController], providers: [PlacesService] })
export class PlacesModule {}
