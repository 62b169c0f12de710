/**
 * The feeds from the state registries (issue 20, part 2): the intake the source systems call with
 * their own credential (core/auth.ts @ForSourceSystems), and the administrator's view of what
 * arrived.
 *
 *  - POST /v1/register/events: one event; POST /v1/register/events/batch: up to 1,000. Each is
 *    checked (libs/register/events.ts) and recorded by the one intake (libs/register/intake.ts),
 *    which hands it to the register-events queue for its follow-up. A malformed event is refused
 *    with its problems naming the fields (never a value); the same event again is answered with
 *    the original's id and seq; the same source id with other content is a conflict.
 *  - GET /v1/register/events: the list for administrators, IINs masked; GET /v1/register/events/:id
 *    the event in full, only with a reason. Both audited.
 *
 * Every received, repeated, conflicting and refused event is in the audit trail under the event's
 * id (or, when refused, the source's id of it), never the IIN.
 */
import { Module } from '@nestjs/common';
import { RegisterFeedsService } from './register-feeds.service';
import { RegisterFeedsController } from './register-feeds.controller';

@Module({ controllers: [RegisterFeedsController], providers: [RegisterFeedsService] })
export class RegisterFeedsModule {}
