/**
 * Signing through NCALayer (ncalayer.ts), on every screen that signs: sign-in, the transfer act, the
 * ID-card approval. What the official sees when NCALayer cannot sign says what to do, in plain words
 * (never NCALayer's own English message): start it, install it, update it, try again.
 */
import type { NcaLayerFailure } from '../ncalayer';

// Written without defineWords (define.ts reaches i18n.ts and the DOM) so that the unit tests read
// these words in Node; the Kazakh object is typed by the Russian one all the same.
const RU = {
  signInWithEds: 'Вход с ЭЦП (NCALayer)',
  signInWithNcaLayer: 'Подписать в NCALayer и войти',
  signInEdsTitle: 'Вход с ЭЦП',
  authHint:
    'NCALayer откроет окно выбора ключа: выберите ключ для аутентификации (файл AUTH_RSA256_… или ключ на Казтокене, удостоверении личности) и введите его пароль. Ключ не покидает компьютер: NCALayer подписывает им одноразовый код сервера.',
  signHint:
    'NCALayer откроет окно выбора ключа: выберите ключ для подписи (файл RSA256_…, не AUTH_RSA256_…) и введите его пароль. Ключ не покидает компьютер: NCALayer подписывает им этот текст.',
  signInNcaLayer: 'Подписать в NCALayer',
  approveInNcaLayer: 'Подписать в NCALayer и направить на изготовление',
  waiting: 'Ожидание NCALayer: подпишите в его окне…',
  keyFileTitle: 'Для разработчиков: подпись файлом ключа PKCS#8 вместо NCALayer',
  notRunning:
    'NCALayer не отвечает. Запустите NCALayer (его значок — в области уведомлений, рядом с часами; или через меню «Пуск») и повторите. Если NCALayer не установлен, скачайте и установите его с сайта НУЦ РК pki.gov.kz.',
  tooOld: (version: string | null, minimum: string) =>
    `${version ? `Версия NCALayer ${version} устарела` : 'NCALayer не сообщил свою версию: вероятно, он устарел'}. Нужна версия ${minimum} или новее: скачайте и установите новую с сайта НУЦ РК pki.gov.kz, затем повторите.`,
  cancelled:
    'Вы отменили подпись в NCALayer: ничего не отправлено. Чтобы продолжить, нажмите кнопку ещё раз и выберите ключ.',
  failed: `NCALayer не смог подписать. Проверьте, что выбран нужный ключ и введён верный пароль, и повторите; если не получится, перезапустите NCALayer.`,
};

type NcaWords = typeof RU;

const KK: NcaWords = {
  signInWithEds: 'ЭЦҚ-мен кіру (NCALayer)',
  signInWithNcaLayer: 'NCALayer-де қол қойып кіру',
  signInEdsTitle: 'ЭЦҚ-мен кіру',
  authHint:
    'NCALayer кілт таңдау терезесін ашады: аутентификация кілтін (AUTH_RSA256_… файлы немесе Казтокендегі, жеке куәліктегі кілт) таңдап, оның құпиясөзін енгізіңіз. Кілт компьютерден шықпайды: NCALayer онымен сервердің бір реттік кодына қол қояды.',
  signHint:
    'NCALayer кілт таңдау терезесін ашады: қол қою кілтін (RSA256_… файлы, AUTH_RSA256_… емес) таңдап, оның құпиясөзін енгізіңіз. Кілт компьютерден шықпайды: NCALayer онымен осы мәтінге қол қояды.',
  signInNcaLayer: 'NCALayer-де қол қою',
  approveInNcaLayer: 'NCALayer-де қол қойып, дайындауға жіберу',
  waiting: 'NCALayer күтілуде: оның терезесінде қол қойыңыз…',
  keyFileTitle: 'Әзірлеушілер үшін: NCALayer орнына PKCS#8 кілт файлымен қол қою',
  notRunning:
    'NCALayer жауап бермейді. NCALayer-ді іске қосыңыз (оның белгішесі — хабарландыру аймағында, сағаттың жанында; немесе «Пуск» мәзірі арқылы) және қайталаңыз. Егер NCALayer орнатылмаған болса, оны ҚР ҰКО-ның pki.gov.kz сайтынан жүктеп алып, орнатыңыз.',
  tooOld: (version: string | null, minimum: string) =>
    `${version ? `NCALayer-дің ${version} нұсқасы ескірген` : 'NCALayer өз нұсқасын хабарламады: ол ескірген болуы мүмкін'}. ${minimum} немесе одан жаңа нұсқа қажет: жаңасын ҚР ҰКО-ның pki.gov.kz сайтынан жүктеп алып, орнатыңыз, содан кейін қайталаңыз.`,
  cancelled:
    'Сіз NCALayer-де қол қоюдан бас тарттыңыз: ештеңе жіберілмеді. Жалғастыру үшін түймені қайта басып, кілтті таңдаңыз.',
  failed: `NCALayer қол қоя алмады. Қажетті кілт таңдалғанын және құпиясөз дұрыс енгізілгенін тексеріп, қайталаңыз; болмаса, NCALayer-ді қайта іске қосыңыз.`,
};

export const NCALAYER_WORDS = { ru: RU, kk: KK };

/** The sentence for a failure (NcaLayerError.failure) in the words of one language. */
export function ncaLayerProblem(w: NcaWords, f: NcaLayerFailure, minimum: string): string {
  switch (f.kind) {
    case 'not-running':
      return w.notRunning;
    case 'too-old':
      return w.tooOld(f.version, minimum);
    case 'cancelled':
      return w.cancelled;
    case 'failed':
      // NCALayer's code (INVOCATION_ERROR …) and English message stay off the screen (NcaLayerAlert
      // keeps the code in data-ncalayer-code for support); the official reads what to do.
      return w.failed;
  }
}
