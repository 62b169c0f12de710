/**
 * Officials' roles and the places they act for, as the administration screens (accounts,
 * certificates, calendar revisions, security incidents, notifications) name them beside a person.
 */
import { defineWords } from './define';

export const OFFICIALS_WORDS = defineWords(
  {
    roles: {
      ADMIN: 'Администратор',
      CEC_COORDINATOR: 'Координатор ЦИК',
      REGIONAL_COMMISSION: 'Областная избирательная комиссия',
      DISTRICT_COMMISSION: 'Территориальная избирательная комиссия',
      AKIMAT_REGISTRAR: 'Регистратор акимата',
      PRECINCT_MEMBER: 'Член участковой избирательной комиссии',
      MIGRATION_OFFICER: 'Сотрудник миграционной службы',
    } as Record<string, string>,
    wholeCountry: 'вся страна',
    station: 'участок № {n}',
    unknownPerson: 'неизвестный пользователь',
    system: 'система',
    operator: 'оператор (служебный ключ)',
  },
  {
    roles: {
      ADMIN: 'Әкімші',
      CEC_COORDINATOR: 'ОСК үйлестірушісі',
      REGIONAL_COMMISSION: 'Облыстық сайлау комиссиясы',
      DISTRICT_COMMISSION: 'Аумақтық сайлау комиссиясы',
      AKIMAT_REGISTRAR: 'Әкімдік тіркеушісі',
      PRECINCT_MEMBER: 'Учаскелік сайлау комиссиясының мүшесі',
      MIGRATION_OFFICER: 'Көші-қон қызметінің қызметкері',
    } as Record<string, string>,
    wholeCountry: 'бүкіл ел',
    station: '№ {n} учаске',
    unknownPerson: 'белгісіз пайдаланушы',
    system: 'жүйе',
    operator: 'оператор (қызметтік кілт)',
  },
);
