import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Allow } from '../core/access';
import { PlacesDto } from './directory.dto';
import { DirectoryService } from './directory.service';

@ApiTags('directory')
@ApiBearerAuth()
@Allow(...ANY_ROLE)
@Controller('v1/places')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({
    summary: "The regions and districts with their names in Russian and Kazakh (the console's names for codes)",
  })
  @ApiOkResponse({ type: PlacesDto })
  places(): Promise<PlacesDto> {
    return this.directory.places();
  }
}
