import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Allow, MemberAnyTime } from '../core/access';
import { DistrictsQueryDto, DistrictView, RegionView, StationsQueryDto, StationView } from './places.dto';
import { PlacesService } from './places.service';

@ApiTags('places')
@ApiBearerAuth()
@Controller('v1/places')
@Allow(...ANY_ROLE)
@MemberAnyTime("regions, districts and polling stations: no one's personal data")
export class PlacesController {
  constructor(private readonly places: PlacesService) {}

  @Get('regions')
  @ApiOperation({ summary: 'Every region, by code, in Russian and Kazakh' })
  @ApiOkResponse({ type: [RegionView] })
  regions(): Promise<RegionView[]> {
    return this.places.regions();
  }

  @Get('districts')
  @ApiOperation({ summary: "A region's districts (every district when no region is given), by name" })
  @ApiOkResponse({ type: [DistrictView] })
  districts(@Query() q: DistrictsQueryDto): Promise<DistrictView[]> {
    return this.places.districts(q.regionCode);
  }

  @Get('stations')
  @ApiOperation({ summary: "A district's polling stations: number, locality and premises" })
  @ApiOkResponse({ type: [StationView] })
  stations(@Query() q: StationsQueryDto): Promise<StationView[]> {
    return this.places.stations(q.districtId);
  }
}
