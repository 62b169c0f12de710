/**
 * The coordinators' deadline board (issue 7, part 2): every region of a period with its stage,
 * each step's deadline and state, the working days left to 15 January / 15 July, and its open
 * escalations; a region's districts with the same columns.
 *
 * Read from PostgreSQL (the tasks and reconciliation rounds the cycle workflows record) and
 * computed with the calendar engine the workflows use; see libs/board/board.ts for what each
 * state means and why not from the workflows' queries. One board costs a few indexed queries and
 * a schedule per district; its readers share it for a few seconds (board-snapshots.ts).
 *
 *   GET /v1/board?period=2027-01               CEC coordinator and admin: the country; a regional commission: its region
 *   GET /v1/board/regions/:code?period=2027-01 a region's districts
 */
import { Module } from '@nestjs/common';
import { BoardController } from './board.controller';
import { BoardService } from './board.service';

@Module({ controllers: [BoardController], providers: [BoardService] })
export class BoardModule {}
