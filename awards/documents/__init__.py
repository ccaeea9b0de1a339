"""The application form as documents (附件2 / 领军先锋 附件1): PDF (WeasyPrint) and Word (python-docx)."""
