# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.resize(560, 400)
        self.verticalLayout = QVBoxLayout(FirstRunDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.pageTitle = QLabel(FirstRunDialog)
        self.pageTitle.setObjectName(u"pageTitle")

        self.verticalLayout.addWidget(self.pageTitle)

        self.introLabel = QLabel(FirstRunDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.nameLabel = QLabel(FirstRunDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(FirstRunDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.governingLabel = QLabel(FirstRunDialog)
        self.governingLabel.setObjectName(u"governingLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.governingLabel)

        self.governingEdit = QLineEdit(FirstRunDialog)
        self.governingEdit.setObjectName(u"governingEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.governingEdit)

        self.placeLabel = QLabel(FirstRunDialog)
        self.placeLabel.setObjectName(u"placeLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.placeLabel)

        self.placeEdit = QLineEdit(FirstRunDialog)
        self.placeEdit.setObjectName(u"placeEdit")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.placeEdit)

        self.userLabel = QLabel(FirstRunDialog)
        self.userLabel.setObjectName(u"userLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.userLabel)

        self.userEdit = QLineEdit(FirstRunDialog)
        self.userEdit.setObjectName(u"userEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.userEdit)


        self.verticalLayout.addLayout(self.formLayout)

        self.formError = QLabel(FirstRunDialog)
        self.formError.setObjectName(u"formError")
        self.formError.setWordWrap(True)

        self.verticalLayout.addWidget(self.formError)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verticalLayout.addItem(self.spacer)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.demoButton = QPushButton(FirstRunDialog)
        self.demoButton.setObjectName(u"demoButton")
        self.demoButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.demoButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.cancelButton = QPushButton(FirstRunDialog)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setAutoDefault(False)

        self.buttonRow.addWidget(self.cancelButton)

        self.startButton = QPushButton(FirstRunDialog)
        self.startButton.setObjectName(u"startButton")

        self.buttonRow.addWidget(self.startButton)


        self.verticalLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.governingLabel.setBuddy(self.governingEdit)
        self.placeLabel.setBuddy(self.placeEdit)
        self.userLabel.setBuddy(self.userEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.governingEdit)
        QWidget.setTabOrder(self.governingEdit, self.placeEdit)
        QWidget.setTabOrder(self.placeEdit, self.userEdit)
        QWidget.setTabOrder(self.userEdit, self.startButton)
        QWidget.setTabOrder(self.startButton, self.demoButton)
        QWidget.setTabOrder(self.demoButton, self.cancelButton)

        self.retranslateUi(FirstRunDialog)

        self.startButton.setDefault(True)


        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"Ch\u00e0o m\u1eebng \u0111\u1ebfn v\u1edbi CCHC Desktop", None))
        self.pageTitle.setText(QCoreApplication.translate("FirstRunDialog", u"Khai b\u00e1o c\u01a1 quan s\u1eed d\u1ee5ng ch\u01b0\u01a1ng tr\u00ecnh", None))
        self.introLabel.setText(QCoreApplication.translate("FirstRunDialog", u"CCHC Desktop gi\u1eef k\u1ebf ho\u1ea1ch tuy\u00ean truy\u1ec1n c\u1ea3i c\u00e1ch h\u00e0nh ch\u00ednh c\u1ee7a c\u01a1 quan: danh m\u1ee5c nhi\u1ec7m v\u1ee5, \u0111\u01a1n v\u1ecb th\u1ef1c hi\u1ec7n, th\u1eddi h\u1ea1n v\u00e0 k\u1ebft qu\u1ea3, \u0111\u1ec3 l\u1eadp b\u00e1o c\u00e1o \u0111\u1ecbnh k\u1ef3 m\u00e0 kh\u00f4ng ph\u1ea3i g\u00f5 l\u1ea1i. D\u1eef li\u1ec7u n\u1eb1m tr\u00ean m\u00e1y n\u00e0y, kh\u00f4ng c\u1ea7n m\u1ea1ng.", None))
        self.nameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"T\u00ean &c\u01a1 quan:", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"V\u00ed d\u1ee5: UBND huy\u1ec7n V\u0129nh L\u1ed9c", None))
        self.governingLabel.setText(QCoreApplication.translate("FirstRunDialog", u"C\u01a1 quan c&h\u1ee7 qu\u1ea3n:", None))
        self.governingEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"V\u00ed d\u1ee5: UBND t\u1ec9nh Thanh H\u00f3a", None))
        self.placeLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u0110\u1ecba danh ghi &ng\u00e0y th\u00e1ng:", None))
        self.placeEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"V\u00ed d\u1ee5: V\u0129nh L\u1ed9c", None))
        self.userLabel.setText(QCoreApplication.translate("FirstRunDialog", u"&H\u1ecd t\u00ean ng\u01b0\u1eddi d\u00f9ng:", None))
        self.formError.setText("")
        self.demoButton.setText(QCoreApplication.translate("FirstRunDialog", u"D\u00f9ng d\u1eef li\u1ec7u &m\u1eabu", None))
        self.cancelButton.setText(QCoreApplication.translate("FirstRunDialog", u"Tho\u00e1t", None))
        self.startButton.setText(QCoreApplication.translate("FirstRunDialog", u"&B\u1eaft \u0111\u1ea7u", None))
    # retranslateUi

