/**
 * Officials' tasks (issue 7, part 3): each official's queue by role and territory (a registrar
 * the akimat's tasks of the district, a district commission its own, a regional commission the
 * region's, coordinators all), filtered by what is due, paged by cursor; a task claimed so two
 * officials do not work on it at once, released, and completed through the workflow's Update.
 *
 * The claim is the API's (cycle_task.claimed_by); the workflow does not know of it. The API
 * checks it before sending the completion, so a task claimed by someone else is refused (409)
 * before anything reaches the workflow's history. A claim and a completion racing in the same
 * instant are not serialised: the completion wins, the claim is left on a completed task.
 */
import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
