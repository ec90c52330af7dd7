/**
 * The link surveys' hosted page's own strings (its chrome, around the prompt): the not-found and
 * closed pages, the no-JavaScript notice and the script's failure notices. One catalogue per
 * language the widget's prompt UI speaks (widget/src/i18n), so a page never mixes the prompt's
 * language with English chrome where a translation exists; any other language falls back to English.
 * Rendered by the server (the notice pages, the no-JavaScript text) and by the page's script.
 */
export interface LinkPageMessages {
  notFoundTitle: string;
  notFoundText: string;
  closedTitle: string;
  closedText: string;
  noScript: string;
  sendFailed: string;
  loadFailed: string;
}

const en: LinkPageMessages = {
  notFoundTitle: 'Survey not found',
  notFoundText: 'This survey link is not valid. Check that the whole link was copied.',
  closedTitle: 'This survey is closed',
  closedText: 'This survey no longer takes answers. Thank you for your time.',
  noScript: 'This survey needs JavaScript to record your answer.',
  sendFailed: 'Your answer could not be sent. Check your connection and choose again.',
  loadFailed: 'This survey could not be loaded. Reload the page to try again.',
};

const vi: LinkPageMessages = {
  notFoundTitle: 'Không tìm thấy khảo sát',
  notFoundText: 'Liên kết khảo sát này không hợp lệ. Hãy kiểm tra xem bạn đã sao chép toàn bộ liên kết chưa.',
  closedTitle: 'Khảo sát này đã đóng',
  closedText: 'Khảo sát này không còn nhận câu trả lời. Cảm ơn bạn đã dành thời gian.',
  noScript: 'Khảo sát này cần JavaScript để ghi lại câu trả lời của bạn.',
  sendFailed: 'Không thể gửi câu trả lời của bạn. Hãy kiểm tra kết nối và chọn lại.',
  loadFailed: 'Không thể tải khảo sát này. Hãy tải lại trang để thử lại.',
};

const da: LinkPageMessages = {
  notFoundTitle: 'Undersøgelsen blev ikke fundet',
  notFoundText: 'Dette link til undersøgelsen er ikke gyldigt. Kontrollér, at hele linket er kopieret.',
  closedTitle: 'Denne undersøgelse er lukket',
  closedText: 'Denne undersøgelse modtager ikke længere svar. Tak for din tid.',
  noScript: 'Denne undersøgelse kræver JavaScript for at gemme dit svar.',
  sendFailed: 'Dit svar kunne ikke sendes. Kontrollér din forbindelse, og vælg igen.',
  loadFailed: 'Undersøgelsen kunne ikke indlæses. Genindlæs siden for at prøve igen.',
};

const th: LinkPageMessages = {
  notFoundTitle: 'ไม่พบแบบสำรวจ',
  notFoundText: 'ลิงก์แบบสำรวจนี้ไม่ถูกต้อง โปรดตรวจสอบว่าคัดลอกลิงก์มาครบถ้วน',
  closedTitle: 'แบบสำรวจนี้ปิดแล้ว',
  closedText: 'แบบสำรวจนี้ไม่รับคำตอบแล้ว ขอบคุณที่สละเวลา',
  noScript: 'แบบสำรวจนี้ต้องใช้ JavaScript เพื่อบันทึกคำตอบของคุณ',
  sendFailed: 'ไม่สามารถส่งคำตอบของคุณได้ โปรดตรวจสอบการเชื่อมต่อแล้วเลือกอีกครั้ง',
  loadFailed: 'ไม่สามารถโหลดแบบสำรวจนี้ได้ โปรดโหลดหน้านี้ใหม่เพื่อลองอีกครั้ง',
};

const ar: LinkPageMessages = {
  notFoundTitle: 'لم يتم العثور على الاستبيان',
  notFoundText: 'رابط هذا الاستبيان غير صالح. تحقّق من نسخ الرابط كاملًا.',
  closedTitle: 'هذا الاستبيان مغلق',
  closedText: 'لم يعد هذا الاستبيان يقبل الإجابات. شكرًا على وقتك.',
  noScript: 'يحتاج هذا الاستبيان إلى JavaScript لتسجيل إجابتك.',
  sendFailed: 'تعذّر إرسال إجابتك. تحقّق من اتصالك واختر مرة أخرى.',
  loadFailed: 'تعذّر تحميل هذا الاستبيان. أعد تحميل الصفحة للمحاولة مرة أخرى.',
};

const catalogues: Record<string, LinkPageMessages> = { en, vi, da, th, ar };

/** The languages the hosted page's chrome is written in (primary subtags), English first. */
export const LINK_PAGE_LANGUAGES = Object.keys(catalogues);

/**
 * The page's strings for a language tag, by its primary subtag (`ar-EG` → `ar`), and the tag they
 * are really in: the given one, or `en` when it falls back (so the page can mark the text's language).
 */
export function linkPageMessagesFor(tag: string): { language: string; messages: LinkPageMessages } {
  const messages = catalogues[tag.toLowerCase().split('-')[0]!];
  return messages ? { language: tag, messages } : { language: 'en', messages: en };
}
