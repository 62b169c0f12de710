/** How the console names people and places instead of ids and codes (names.tsx). */
import { defineWords } from './define';

export const PEOPLE_WORDS = defineWords(
  {
    roles: {
      ADMIN: 'администратор',
      CEC_COORDINATOR: 'координатор ЦИК',
      REGIONAL_COMMISSION: 'областная комиссия',
      DISTRICT_COMMISSION: 'территориальная комиссия',
      AKIMAT_REGISTRAR: 'регистратор акимата',
      MIGRATION_OFFICER: 'миграционная служба',
      PRECINCT_MEMBER: 'член участковой комиссии',
    } as Record<string, string>,
    operator: 'Оператор системы',
    worker: 'Система (фоновая обработка)',
    seed: 'Начальная загрузка данных',
    portal: 'Гражданин через портал электронного правительства',
    feed: 'Поставщик данных реестра',
    unknownOfficial: 'Сотрудник (учётная запись не найдена)',
    someone: 'Система',
    region: 'Регион',
    district: 'Район',
    migrationService: 'миграционная служба: {region}',
  },
  {
    roles: {
      ADMIN: 'әкімші',
      CEC_COORDINATOR: 'ОСК үйлестірушісі',
      REGIONAL_COMMISSION: 'облыстық комиссия',
      DISTRICT_COMMISSION: 'аумақтық комиссия',
      AKIMAT_REGISTRAR: 'әкімдік тіркеушісі',
      MIGRATION_OFFICER: 'көші-қон қызметі',
      PRECINCT_MEMBER: 'учаскелік комиссия мүшесі',
    },
    operator: 'Жүйе операторы',
    worker: 'Жүйе (фондық өңдеу)',
    seed: 'Деректерді бастапқы жүктеу',
    portal: 'Азамат электрондық үкімет порталы арқылы',
    feed: 'Тізілім деректерін жеткізуші',
    unknownOfficial: 'Қызметкер (есептік жазба табылмады)',
    someone: 'Жүйе',
    region: 'Өңір',
    district: 'Аудан',
    migrationService: 'көші-қон қызметі: {region}',
  },
);
