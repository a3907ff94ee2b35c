# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'unit_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_UnitDialog(object):
    def setupUi(self, UnitDialog):
        if not UnitDialog.objectName():
            UnitDialog.setObjectName(u"UnitDialog")
        UnitDialog.resize(520, 300)
        self.verticalLayout = QVBoxLayout(UnitDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.nameLabel = QLabel(UnitDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(UnitDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.shortLabel = QLabel(UnitDialog)
        self.shortLabel.setObjectName(u"shortLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.shortLabel)

        self.shortEdit = QLineEdit(UnitDialog)
        self.shortEdit.setObjectName(u"shortEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.shortEdit)

        self.kindLabel = QLabel(UnitDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(UnitDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.contactLabel = QLabel(UnitDialog)
        self.contactLabel.setObjectName(u"contactLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.contactLabel)

        self.contactEdit = QLineEdit(UnitDialog)
        self.contactEdit.setObjectName(u"contactEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.contactEdit)

        self.phoneLabel = QLabel(UnitDialog)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneEdit = QLineEdit(UnitDialog)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.emailLabel = QLabel(UnitDialog)
        self.emailLabel.setObjectName(u"emailLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.emailLabel)

        self.emailEdit = QLineEdit(UnitDialog)
        self.emailEdit.setObjectName(u"emailEdit")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.emailEdit)


        self.verticalLayout.addLayout(self.formLayout)

        self.formError = QLabel(UnitDialog)
        self.formError.setObjectName(u"formError")
        self.formError.setWordWrap(True)

        self.verticalLayout.addWidget(self.formError)

        self.buttonBox = QDialogButtonBox(UnitDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.verticalLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.shortLabel.setBuddy(self.shortEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.contactLabel.setBuddy(self.contactEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
        self.emailLabel.setBuddy(self.emailEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.shortEdit)
        QWidget.setTabOrder(self.shortEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.contactEdit)
        QWidget.setTabOrder(self.contactEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.emailEdit)

        self.retranslateUi(UnitDialog)

        QMetaObject.connectSlotsByName(UnitDialog)
    # setupUi

    def retranslateUi(self, UnitDialog):
        UnitDialog.setWindowTitle(QCoreApplication.translate("UnitDialog", u"\u0110\u01a1n v\u1ecb", None))
        self.nameLabel.setText(QCoreApplication.translate("UnitDialog", u"&T\u00ean \u0111\u01a1n v\u1ecb:", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("UnitDialog", u"V\u00ed d\u1ee5: UBND x\u00e3 V\u0129nh Th\u00e0nh", None))
        self.shortLabel.setText(QCoreApplication.translate("UnitDialog", u"T\u00ean &vi\u1ebft t\u1eaft:", None))
        self.kindLabel.setText(QCoreApplication.translate("UnitDialog", u"&Lo\u1ea1i \u0111\u01a1n v\u1ecb:", None))
        self.contactLabel.setText(QCoreApplication.translate("UnitDialog", u"Ng\u01b0\u1eddi &li\u00ean h\u1ec7:", None))
        self.phoneLabel.setText(QCoreApplication.translate("UnitDialog", u"\u0110i\u1ec7n t&ho\u1ea1i:", None))
        self.emailLabel.setText(QCoreApplication.translate("UnitDialog", u"Th\u01b0 \u0111i\u1ec7n &t\u1eed:", None))
        self.formError.setText("")
    # retranslateUi

